// A real OpenID Connect provider for the institution sign-in tests (tests/web/accounts,
// ADR 0310): panva's oidc-provider (pinned in package.json) on 127.0.0.1 at a free port, with
// the clients and accounts given as JSON in argv[2]. Its development login and consent forms
// accept any password; the accounts' claims (sub, email, email_verified) are the test's.
// Prints "LISTENING <issuer>" once it serves; stops on stdin's end or SIGTERM.
import http from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(process.argv[2]);
const accounts = config.accounts;

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: config.clients,
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    pkce: { required: () => true },
    async findAccount(_ctx, id) {
      const claims = accounts[id];
      if (!claims) return undefined;
      return { accountId: id, async claims() { return { ...claims }; } };
    },
  });
  provider.on('server_error', (_ctx, err) => process.stderr.write(`server_error ${err}\n`));
  server.on('request', provider.callback());
  process.stdout.write(`LISTENING ${issuer}\n`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
