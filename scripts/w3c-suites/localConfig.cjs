// microcred VC-API over HTTPS on loopback (manual W3C suite run; see docs/conformance.md).
const base = 'https://127.0.0.1:18443';
const did = 'did:web:127.0.0.1%3A18443:institutions:muni';
const headers = {Authorization: `Bearer ${process.env.MICROCRED_VC_API_TOKEN}`};
const tags = (process.env.SUITE_TAGS || '').split(',');
const issuerOptions = process.env.ISSUER_OPTIONS ? JSON.parse(process.env.ISSUER_OPTIONS) : {};
module.exports = {
  settings: {enableInteropTests: false, testAllImplementations: false},
  implementations: [{
    name: 'microcred',
    implementation: 'microcred VC-API',
    issuers: process.env.EDDSA_BOTH ? [{
      id: did,
      endpoint: `${base}/vc-api/credentials/issue`,
      supports: {vc: ['2.0']},
      headers,
      options: {},
      tags: ['eddsa-rdfc-2022']
    }, {
      id: did,
      endpoint: `${base}/vc-api/credentials/issue`,
      supports: {vc: ['2.0']},
      headers,
      options: {cryptosuite: 'eddsa-jcs-2022'},
      tags: ['eddsa-jcs-2022']
    }] : [{
      id: did,
      endpoint: `${base}/vc-api/credentials/issue`,
      supports: {vc: ['2.0']},
      headers,
      options: issuerOptions,
      tags
    }],
    verifiers: [{
      id: `${base}/vc-api`,
      endpoint: `${base}/vc-api/credentials/verify`,
      supports: {vc: ['2.0']},
      tags
    }],
    vpVerifiers: [{
      id: `${base}/vc-api`,
      endpoint: `${base}/vc-api/presentations/verify`,
      supports: {vc: ['2.0']},
      tags
    }],
    setStatusLists: [{
      id: `${base}/vc-api`,
      endpoint: `${base}/vc-api/credentials/status`,
      headers,
      tags
    }],
    publishStatusLists: [{
      id: `${base}/vc-api`,
      endpoint: `${base}/vc-api/status-lists`,
      headers,
      tags
    }]
  }]
};
