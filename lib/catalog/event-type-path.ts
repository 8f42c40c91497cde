import { catalogPath } from "@/lib/paths";

// An event type can hold any characters, and it names a page: .../catalog/events/types/<segment>.
// The segment keeps letters, digits, "_" and "-", and writes every other UTF-8 byte as "~XX"
// (hex). It is then made of unreserved characters only, so nothing between the link and the
// page can change it: no percent-encoding (Next.js has decoded page params and route params
// differently, vercel/next.js#64952), and no "." or ".." segment, which browsers resolve away
// even when percent-encoded.

const KEPT = /^[A-Za-z0-9_-]$/;
const utf8 = new TextEncoder();

/** The URL segment that names `eventType`. */
export function eventTypeSegment(eventType: string): string {
  let segment = "";
  for (const char of eventType) {
    if (KEPT.test(char)) segment += char;
    else for (const byte of utf8.encode(char)) segment += `~${byte.toString(16).padStart(2, "0")}`;
  }
  return segment;
}

/** The event type a segment names, or null for a segment no link makes. */
export function eventTypeFromSegment(segment: string): string | null {
  // A param Next.js has percent-decoded or not reads the same: the segment has no "%".
  if (!/^(?:[A-Za-z0-9_-]|~[0-9a-f]{2})+$/.test(segment)) return null;
  const bytes: number[] = [];
  for (let i = 0; i < segment.length; ) {
    if (segment[i] === "~") {
      bytes.push(Number.parseInt(segment.slice(i + 1, i + 3), 16));
      i += 3;
    } else bytes.push(segment.charCodeAt(i++));
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(Uint8Array.from(bytes));
  } catch {
    return null;
  }
  // Only the one spelling a link makes: a kept character written as ~XX names no event type.
  return eventTypeSegment(text) === segment ? text : null;
}

/** The page of one event type of the catalog. */
export function eventTypePath(orgSlug: string, projectSlug: string, eventType: string): string {
  return `${catalogPath(orgSlug, projectSlug, "events")}/types/${eventTypeSegment(eventType)}`;
}
