// The demo: two organizations, so that isolation can be seen, and one user per role.
// Idempotent: a second run changes nothing but the demo users' passwords.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Role } from "../lib/generated/prisma/client";
import { hashPassword } from "../lib/auth/password";

export const DEFAULT_DEMO_API_KEY = "d3a1a0f1e5c2b4a6d8e0f2a4c6e8b0d2";
export const DEFAULT_DEMO_PASSWORD = "deltaport-demo";

export const DEMO_USERS: { email: string; name: string; org: "acme" | "globex"; role: Role }[] = [
  { email: "admin@acme.test", name: "Ada Admin", org: "acme", role: "ADMIN" },
  { email: "manager@acme.test", name: "Max Manager", org: "acme", role: "MANAGER" },
  { email: "member@acme.test", name: "Mia Member", org: "acme", role: "MEMBER" },
  { email: "viewer@acme.test", name: "Vic Viewer", org: "acme", role: "VIEWER" },
  { email: "globex-admin@globex.test", name: "Gus Globex", org: "globex", role: "ADMIN" },
];

const ORGANIZATIONS = {
  acme: { name: "Acme Analytics", project: { slug: "acme-web", name: "Acme Web" } },
  globex: { name: "Globex", project: { slug: "globex-app", name: "Globex App" } },
} as const;

function randomApiKey(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("hex");
}

export async function seedDemo(db: PrismaClient, options: { apiKey: string; password: string }) {
  const passwordHash = await hashPassword(options.password);
  const orgIds: Record<string, string> = {};
  for (const [slug, org] of Object.entries(ORGANIZATIONS)) {
    const { id } = await db.organization.upsert({
      where: { slug },
      update: {},
      create: { slug, name: org.name },
    });
    orgIds[slug] = id;
    await db.project.upsert({
      where: { organizationId_slug: { organizationId: id, slug: org.project.slug } },
      update: slug === "acme" ? { apiKey: options.apiKey } : {},
      create: {
        organizationId: id,
        slug: org.project.slug,
        name: org.project.name,
        apiKey: slug === "acme" ? options.apiKey : randomApiKey(),
      },
    });
  }
  for (const user of DEMO_USERS) {
    const { id } = await db.user.upsert({
      where: { email: user.email },
      update: { passwordHash },
      create: { email: user.email, name: user.name, passwordHash },
    });
    const organizationId = orgIds[user.org]!;
    await db.membership.upsert({
      where: { userId_organizationId: { userId: id, organizationId } },
      update: { role: user.role },
      create: { userId: id, organizationId, role: user.role },
    });
  }
}

async function main() {
  if (process.env.NODE_ENV === "production") {
    console.error(
      "Refusing to seed demo users and a demo API key into a production database (NODE_ENV=production).",
    );
    process.exit(1);
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is not set.");
    process.exit(1);
  }
  const apiKey = process.env.DEMO_API_KEY || DEFAULT_DEMO_API_KEY;
  const password = process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  try {
    await seedDemo(db, { apiKey, password });
  } finally {
    await db.$disconnect();
  }
  const rows = DEMO_USERS.map(
    (user) => `    ${user.email.padEnd(26)} ${user.role.padEnd(8)} ${ORGANIZATIONS[user.org].name}`,
  );
  console.log(`\n  Demo users (password: ${password})\n${rows.join("\n")}\n\n  Acme Web API key: ${apiKey}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
