// Signs and verifies credentials with the Digital Bazaar reference stack (@digitalbazaar/vc,
// data-integrity, eddsa-rdfc-2022 and eddsa-jcs-2022 cryptosuites, ed25519-signature-2020,
// ed25519-multikey; versions pinned in package.json / package-lock.json), for tests/core/interop
// and tests/core/verification.
//
// Reads jobs, one JSON object per line (JSONL), on stdin and prints one JSON line per job:
//   {"op": "sign", "cryptosuite": "eddsa-rdfc-2022" | "eddsa-jcs-2022" | "Ed25519Signature2020",
//    "credential": {...},
//    "key": {"publicKeyMultibase": "z6Mk...", "secretKeyMultibase": "z3u2..."},
//    "created": "2026-06-30T12:00:00Z"}
//     -> {"credential": {...signed...}} or {"error": "..."}
//   {"op": "verify", "credential": {...}, "documents": {"<did>": <DID document>} (optional)}
//     -> {"verified": true} or {"verified": false, "error": "..."}
// The signer's did:key is the verification method's controller, so the credential's issuer must
// be that did:key (vc's CredentialIssuancePurpose checks it on verify).
//
// Offline only: contexts come from microcred's bundle (src/microcred/jsonld/contexts +
// manifest.json), did:key documents are built locally from the DID itself (a did:key is its
// public key); any other URL throws. Validity dates are checked against a fixed "now".
// credentialStatus is not dereferenced (checkStatus answers "verified"): only proofs are compared.
// One process handles a whole batch, sequentially.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {
  createSignCryptosuite as createJcsSign,
  createVerifyCryptosuite as createJcsVerify,
} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';

const here = path.dirname(fileURLToPath(import.meta.url));
const bundle = path.join(here, '..', '..', 'src', 'microcred', 'jsonld', 'contexts');
const manifest = JSON.parse(fs.readFileSync(path.join(bundle, 'manifest.json'), 'utf8'));
const contexts = new Map();
for (const [url, entry] of Object.entries(manifest)) {
  contexts.set(url, JSON.parse(fs.readFileSync(path.join(bundle, entry.file), 'utf8')));
}

const DID_V1 = 'https://www.w3.org/ns/did/v1';
const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';
const NOW = process.env.REFERENCE_NOW || '2027-01-01T00:00:00Z';

// did:key (Ed25519 only): did:key:<mb> has exactly one Multikey method, did:key:<mb>#<mb>.
function didKeyDocument(did) {
  const multibase = did.slice('did:key:'.length);
  if (!/^z6Mk[1-9A-HJ-NP-Za-km-z]+$/.test(multibase)) {
    throw new Error(`not an Ed25519 did:key: ${did}`);
  }
  const methodId = `${did}#${multibase}`;
  const method = {id: methodId, type: 'Multikey', controller: did, publicKeyMultibase: multibase};
  return {
    document: {
      '@context': [DID_V1, MULTIKEY_V1],
      id: did,
      verificationMethod: [method],
      assertionMethod: [methodId],
      authentication: [methodId],
    },
    method: {'@context': MULTIKEY_V1, ...method},
  };
}

async function documentLoader(url) {
  if (contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  if (url.startsWith('did:key:')) {
    const [did, fragment] = url.split('#');
    const {document, method} = didKeyDocument(did);
    if (fragment === undefined) {
      return {contextUrl: null, documentUrl: url, document};
    }
    if (fragment !== did.slice('did:key:'.length)) {
      throw new Error(`unknown did:key fragment: ${url}`);
    }
    return {contextUrl: null, documentUrl: url, document: method};
  }
  // a verify job's own controller documents (e.g. an institution's did:web document, as the
  // platform publishes it): the document, or one of its verification methods by its id
  const [base] = url.split('#');
  if (extraDocuments.has(base)) {
    const document = extraDocuments.get(base);
    if (base === url) {
      return {contextUrl: null, documentUrl: url, document};
    }
    const method = (document.verificationMethod || []).find((vm) => vm.id === url);
    if (method) {
      return {contextUrl: null, documentUrl: url, document: {'@context': MULTIKEY_V1, ...method}};
    }
  }
  throw new Error(`document loader refuses (not in the bundle, not a did:key): ${url}`);
}

// set per verify job from its optional "documents": {"<did>": <DID document>}
let extraDocuments = new Map();

const keys = new Map();
async function keyPair({publicKeyMultibase, secretKeyMultibase}) {
  if (!keys.has(secretKeyMultibase)) {
    const controller = `did:key:${publicKeyMultibase}`;
    keys.set(
      secretKeyMultibase,
      await Ed25519Multikey.from({
        id: `${controller}#${publicKeyMultibase}`,
        controller,
        publicKeyMultibase,
        secretKeyMultibase,
      })
    );
  }
  return keys.get(secretKeyMultibase);
}

async function sign(job) {
  const key = await keyPair(job.key);
  if (job.cryptosuite === 'Ed25519Signature2020') {
    // the legacy suite (W3C CCG Ed25519 Signature 2020), as OB 3.0.0-3.0.2 issuers sign
    const suite = new Ed25519Signature2020({signer: key.signer(), date: job.created});
    const credential = await vc.issue({credential: job.credential, suite, documentLoader, now: NOW});
    return {credential};
  }
  let cryptosuite;
  if (job.cryptosuite === 'eddsa-rdfc-2022') {
    cryptosuite = eddsaRdfc2022;
  } else if (job.cryptosuite === 'eddsa-jcs-2022') {
    cryptosuite = createJcsSign();
  } else {
    throw new Error(`unknown cryptosuite ${job.cryptosuite}`);
  }
  const suite = new DataIntegrityProof({signer: key.signer(), date: job.created, cryptosuite});
  const credential = await vc.issue({credential: job.credential, suite, documentLoader, now: NOW});
  return {credential};
}

const verifySuites = [
  new DataIntegrityProof({cryptosuite: eddsaRdfc2022}),
  new DataIntegrityProof({cryptosuite: createJcsVerify()}),
  new Ed25519Signature2020(),
];

function describe(error) {
  if (!error) {
    return 'unknown error';
  }
  const errors = error.errors || (Array.isArray(error) ? error : null);
  if (errors) {
    return errors.map(describe).join('; ');
  }
  const cause = error.details && error.details.cause;
  return `${error.name}: ${error.message}` + (cause ? ` (cause: ${describe(cause)})` : '');
}

async function verify(job) {
  extraDocuments = new Map(Object.entries(job.documents || {}));
  const result = await vc.verifyCredential({
    credential: job.credential,
    suite: verifySuites,
    documentLoader,
    now: NOW,
    checkStatus: async () => ({verified: true}),
  });
  if (result.verified) {
    return {verified: true};
  }
  const reasons = [];
  if (result.error) {
    reasons.push(describe(result.error));
  }
  for (const proofResult of result.results || []) {
    if (!proofResult.verified) {
      reasons.push(describe(proofResult.error));
    }
  }
  return {verified: false, error: reasons.join(' | ') || 'not verified'};
}

async function main() {
  const input = fs.readFileSync(0, 'utf8');
  const out = [];
  for (const line of input.split('\n')) {
    if (!line.trim()) {
      continue;
    }
    const job = JSON.parse(line);
    try {
      if (job.op === 'sign') {
        out.push(JSON.stringify(await sign(job)));
      } else if (job.op === 'verify') {
        out.push(JSON.stringify(await verify(job)));
      } else {
        throw new Error(`unknown op ${job.op}`);
      }
    } catch (error) {
      out.push(JSON.stringify({error: describe(error)}));
    }
  }
  process.stdout.write(out.join('\n') + '\n');
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
