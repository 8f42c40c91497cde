// URL slugs for organizations and projects: derived once from the name when the thing is
// created, and kept when it is renamed, so that links stay valid.

/** Longest slug derived from a name; a "-<n>" suffix may follow it. */
export const MAX_SLUG_BASE_LENGTH = 48;

/**
 * Slugs no organization or project may take: the static routes beside their dynamic segment
 * (/orgs/new, /orgs/<org>/projects/new) would shadow them.
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set(["new"]);

// Latin letters that Unicode does not decompose into a base letter and a mark.
const LATIN_LETTERS: Record<string, string> = {
  ø: "o",
  æ: "ae",
  œ: "oe",
  ß: "ss",
  đ: "d",
  ð: "d",
  ł: "l",
  þ: "th",
  ı: "i",
};

/**
 * The slug of a name: lowercase ASCII letters, digits and single dashes, accents dropped
 * ("Café Ünion" → "cafe-union"); `fallback` when nothing of the name is left ("日本" →
 * fallback).
 */
export function slugOf(name: string, fallback: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[øæœßđðłþı]/g, (letter) => LATIN_LETTERS[letter]!)
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, MAX_SLUG_BASE_LENGTH)
    .replace(/^-+|-+$/g, "");
  return slug || fallback;
}

/**
 * `base` if no one holds it, else the first free of `base-2`, `base-3`, …; reserved slugs
 * count as held. `taken` must hold every slug of the scope, deleted things' included: a slug
 * is never given twice, so an old link never leads to something new.
 */
export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  const free = (slug: string) => !taken.has(slug) && !RESERVED_SLUGS.has(slug);
  if (free(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (free(candidate)) return candidate;
  }
}
