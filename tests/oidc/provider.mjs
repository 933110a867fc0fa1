// A standards-compliant OpenID provider (panva's oidc-provider, certified by the OpenID
// Foundation) for quizapp's school sign-in tests: `node provider.mjs <port> <config.json>`.
// The config file, written by the test, holds the clients (client_id, client_secret,
// redirect_uris), the signing keys (a private JWK set) and the accounts: sub -> claims.
// Its log-in page asks only which account to be; consent is given for every client.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const [port, configPath] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configPath, 'utf8'));
const issuer = `http://127.0.0.1:${port}`;
const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const provider = new Provider(issuer, {
  clients: config.clients.map((client) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    ...client,
  })),
  jwks: config.jwks,
  cookies: { keys: ['quizapp-tests-only'] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username', 'groups', 'hd'],
  },
  conformIdTokenClaims: false, // the claims in the ID token, as Google and Entra ID send them
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const claims = config.accounts[sub];
    return claims && { accountId: sub, claims: async () => ({ ...claims, sub }) };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    const existing = grantId && await ctx.oidc.provider.Grant.find(grantId);
    if (existing) return existing; // (a grant revoked after a replayed code is not found)
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

function page(uid, error) {
  return `<!doctype html><html lang="en"><head><title>Test provider: sign in</title></head><body>
<h1>Test provider</h1>${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}">
<label for="account">Account</label> <input id="account" name="account" autofocus>
<button type="submit">Sign in</button></form></body></html>`;
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page(details.uid));
    return;
  }
  let body = '';
  for await (const chunk of req) body += chunk;
  const account = new URLSearchParams(body).get('account') || '';
  if (!config.accounts[account]) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page(details.uid, 'No such account.'));
    return;
  }
  await provider.interactionFinished(
    req, res, { login: { accountId: account } }, { mergeWithLastSubmission: false },
  );
}

const handle = provider.callback();
createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  } else {
    handle(req, res);
  }
}).listen(Number(port), '127.0.0.1', () => console.log(`listening on ${issuer}`));
