// A second identity provider for the tests: panva's oidc-provider (an OpenID Certified implementation,
// from npm), set up as a company's provider commonly is. For the code flow it puts profile and e-mail
// claims in userinfo, not in the ID token (its default, as the spec intends); it signs ID tokens with RS256
// for one client and ES256 for the other; it checks PKCE; it offers RP-initiated logout.
//
//   node second_provider.mjs PORT REDIRECT_URI POST_LOGOUT_URI   (people as JSON in SECOND_PROVIDER_PEOPLE)
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";

const [port, redirect, postLogout] = process.argv.slice(2);
const people = JSON.parse(process.env.SECOND_PROVIDER_PEOPLE || "{}");

async function signingKey(alg, kid) {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { ...(await exportJWK(privateKey)), alg, use: "sig", kid };
}

const client = (id, alg) => ({
  client_id: id, client_secret: `${id}-secret`, redirect_uris: [redirect], post_logout_redirect_uris: [postLogout],
  id_token_signed_response_alg: alg, grant_types: ["authorization_code"], response_types: ["code"],
});

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [client("torget-rs256", "RS256"), client("torget-es256", "ES256")],
  jwks: { keys: [await signingKey("RS256", "rs-1"), await signingKey("ES256", "es-1")] },
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "given_name", "family_name", "roles", "title", "department"],
  },
  async findAccount(ctx, sub) {
    if (!people[sub]) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...people[sub] }) };
  },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  pkce: { required: () => true },
  cookies: { keys: ["tests-only-cookie-key"] },
  ttl: { AccessToken: 300, AuthorizationCode: 60, IdToken: 300, Interaction: 300, Session: 3600, Grant: 3600 },
});
provider.listen(Number(port), "127.0.0.1", () => console.log(`ready http://127.0.0.1:${port}`));
