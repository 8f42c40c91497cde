-- SSO binds a user to the IdP's issuer and subject at the first SSO sign-in: later sign-ins
-- must come from that identity, whatever e-mail the IdP then reports.
ALTER TABLE "User" ADD COLUMN "ssoIssuer" TEXT,
ADD COLUMN "ssoSubject" TEXT;

CREATE UNIQUE INDEX "User_ssoIssuer_ssoSubject_key" ON "User"("ssoIssuer", "ssoSubject");
