// A wallet that receives a credential from microcred over OpenID for Verifiable Credential
// Issuance 1.0, driven by an independent client library: the OpenWallet Foundation's
// @openid4vc/openid4vci (with @openid4vc/oauth2 and @openid4vc/utils; versions pinned in
// package.json / package-lock.json). Used by tests/web/wallet/test_interop_with_an_independent_wallet.py.
//
// Reads one JSON job on stdin: {"offer": "openid-credential-offer://?credential_offer_uri=...",
// "txCode": "123456", "configurations": ["OpenBadgeCredential_ldp_vc", ...]} and prints one JSON
// line: {"holderDid": "did:key:...", "credentials": {"<configuration id>": <credential>}} or
// {"error": "..."}. The wallet's key is a fresh Ed25519 key made with node:crypto; the key proof
// (OID4VCI 1.0 Appendix F.1) names it by its did:key in `kid`. Talks only to the URLs of the
// offer (the test's live server, over plain http: allowInsecureUrls).
import crypto from 'node:crypto';
import fs from 'node:fs';

import {Openid4vciClient, setGlobalConfig} from '@openid4vc/openid4vci';
import {clientAuthenticationAnonymous} from '@openid4vc/oauth2';

setGlobalConfig({allowInsecureUrls: true});

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58btc(bytes) {
  let n = BigInt('0x' + Buffer.from(bytes).toString('hex'));
  let out = '';
  while (n > 0n) {
    out = BASE58[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = '1' + out;
  }
  return out;
}

const b64url = (data) => Buffer.from(data).toString('base64url');

async function main() {
  const job = JSON.parse(fs.readFileSync(0, 'utf8'));
  const {publicKey, privateKey} = crypto.generateKeyPairSync('ed25519');
  const publicJwk = publicKey.export({format: 'jwk'});
  // did:key for Ed25519: multicodec 0xed01 + the raw key, base58btc with the 'z' prefix
  const raw = Buffer.from(publicJwk.x, 'base64url');
  const multibase = 'z' + base58btc(Buffer.concat([Buffer.from([0xed, 0x01]), raw]));
  const did = `did:key:${multibase}`;
  const didUrl = `${did}#${multibase}`;

  const client = new Openid4vciClient({
    callbacks: {
      fetch: (...args) => fetch(...args),
      hash: (data, alg) => new Uint8Array(crypto.createHash(alg.replace('-', '').toLowerCase()).update(data).digest()),
      generateRandom: (length) => new Uint8Array(crypto.randomBytes(length)),
      clientAuthentication: clientAuthenticationAnonymous(),
      signJwt: async (signer, {header, payload}) => {
        const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
        const signature = crypto.sign(null, Buffer.from(input), privateKey);
        return {jwt: `${input}.${b64url(signature)}`, signerJwk: publicJwk};
      },
    },
  });

  const offer = await client.resolveCredentialOffer(job.offer);
  const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
  const {accessTokenResponse} = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
    credentialOffer: offer,
    issuerMetadata,
    txCode: job.txCode || undefined,
  });
  const credentials = {};
  for (const credentialConfigurationId of job.configurations) {
    const {c_nonce: nonce} = await client.requestNonce({issuerMetadata});
    const {jwt} = await client.createCredentialRequestJwtProof({
      issuerMetadata,
      credentialConfigurationId,
      nonce,
      signer: {method: 'did', didUrl, alg: 'EdDSA'},
    });
    const response = await client.retrieveCredentials({
      issuerMetadata,
      accessToken: accessTokenResponse.access_token,
      credentialConfigurationId,
      proofs: {jwt: [jwt]},
    });
    if (!response.ok) {
      throw new Error(`credential request refused: ${JSON.stringify(response.credentialErrorResponseResult ?? response.response?.status)}`);
    }
    credentials[credentialConfigurationId] = response.credentialResponse.credentials[0].credential;
  }
  return {holderDid: did, credentials};
}

main().then(
  (result) => process.stdout.write(JSON.stringify(result) + '\n'),
  (error) => {
    const detail = error && (error.errorResponse || error.response) ? ` ${JSON.stringify(error.errorResponse ?? {})}` : '';
    process.stdout.write(JSON.stringify({error: `${error?.name}: ${error?.message}${detail}`}) + '\n');
  }
);
