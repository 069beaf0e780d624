// Reads JSON documents, one per line (JSONL), on stdin and prints, per document, one JSON line:
// {"nquads": "..."} from jsonld.js canonize (RDFC-1.0, safe mode, rdfDirection i18n-datatype:
// the options of @digitalbazaar/eddsa-rdfc-2022-cryptosuite's canonize), or {"error": "..."}.
// Contexts come only from microcred's bundle (src/microcred/jsonld/contexts); nothing is
// fetched. One process handles a whole batch.
'use strict';

const fs = require('fs');
const path = require('path');
const jsonld = require('jsonld');

const bundle = path.join(__dirname, '..', '..', 'src', 'microcred', 'jsonld', 'contexts');
const manifest = JSON.parse(fs.readFileSync(path.join(bundle, 'manifest.json'), 'utf8'));
const contexts = new Map();
for (const [url, entry] of Object.entries(manifest)) {
  contexts.set(url, JSON.parse(fs.readFileSync(path.join(bundle, entry.file), 'utf8')));
}

async function documentLoader(url) {
  if (!contexts.has(url)) {
    throw new Error(`context not in the bundle: ${url}`);
  }
  return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
}

async function main() {
  const input = fs.readFileSync(0, 'utf8');
  const out = [];
  for (const line of input.split('\n')) {
    if (!line.trim()) {
      continue;
    }
    try {
      const nquads = await jsonld.canonize(JSON.parse(line), {
        algorithm: 'RDFC-1.0',
        format: 'application/n-quads',
        safe: true,
        rdfDirection: 'i18n-datatype',
        documentLoader,
      });
      out.push(JSON.stringify({nquads}));
    } catch (error) {
      const details = error.details && error.details.event ? ` (${error.details.event.code})` : '';
      out.push(JSON.stringify({error: `${error.name}: ${error.message}${details}`}));
    }
  }
  process.stdout.write(out.join('\n') + '\n');
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
