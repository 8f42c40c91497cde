// Database errors recognised by their codes, never by message text (messages change between
// versions and locales). Prisma answers P2002 for a unique violation it understands; through
// the pg driver adapter, and from node-postgres directly, PostgreSQL's SQLSTATE 23505 arrives.
// https://www.prisma.io/docs/orm/reference/error-reference#p2002
// https://www.postgresql.org/docs/current/errcodes-appendix.html

const UNIQUE_VIOLATION = "23505";

type Coded = { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };

/** Whether `error` is a unique-key violation (from Prisma, the driver adapter or node-postgres). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, meta } = error as Coded;
  return (
    code === "P2002" ||
    code === UNIQUE_VIOLATION ||
    meta?.driverAdapterError?.cause?.originalCode === UNIQUE_VIOLATION
  );
}
