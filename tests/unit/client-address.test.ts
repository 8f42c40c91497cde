import { describe, expect, it } from "vitest";
import { clientAddress } from "@/lib/client-address";

const headers = (values: Record<string, string>) => new Headers(values);

describe("clientAddress", () => {
  it("trusts no forwarded address by default: anyone can send X-Forwarded-For", () => {
    const spoofed = headers({ "x-forwarded-for": "203.0.113.9", "x-real-ip": "203.0.113.9" });
    expect(clientAddress(spoofed, { vercel: false, proxyHops: 0 })).toBeNull();
  });

  it("reads the entry the outermost trusted proxy appended, whatever the client put before it", () => {
    const chain = headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.2" });
    expect(clientAddress(chain, { vercel: false, proxyHops: 1 })).toBe("10.0.0.2");
    expect(clientAddress(chain, { vercel: false, proxyHops: 2 })).toBe("198.51.100.7");
    expect(
      clientAddress(headers({ "x-forwarded-for": "10.0.0.2" }), { vercel: false, proxyHops: 2 }),
    ).toBeNull();
  });

  it("on Vercel, reads X-Real-IP, which its edge sets", () => {
    const vercel = headers({ "x-forwarded-for": "6.6.6.6", "x-real-ip": "2001:db8::1" });
    expect(clientAddress(vercel, { vercel: true, proxyHops: 0 })).toBe("2001:db8::1");
  });

  it("stores nothing that is not an address", () => {
    expect(
      clientAddress(headers({ "x-forwarded-for": "<script>" }), { vercel: false, proxyHops: 1 }),
    ).toBeNull();
    expect(clientAddress(headers({ "x-real-ip": "unknown" }), { vercel: true, proxyHops: 0 })).toBeNull();
  });
});
