import { describe, expect, it } from "vitest";
import { addressKey } from "@/lib/auth/sign-in-throttle";

describe("addressKey", () => {
  it("counts an IPv6 client by its /64, however the address is written", () => {
    expect(addressKey("2001:db8:0:1:aaaa::1")).toBe("2001:db8:0:1::/64");
    expect(addressKey("2001:0DB8:0000:0001:ffff:ffff:ffff:ffff")).toBe("2001:db8:0:1::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
  });

  it("counts IPv4 addresses one by one", () => {
    expect(addressKey("203.0.113.9")).toBe("203.0.113.9");
  });
});
