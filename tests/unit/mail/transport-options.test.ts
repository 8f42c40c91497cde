import { describe, expect, it } from "vitest";
import { transportOptions } from "@/lib/mail/send-mail";

const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 10_000 };

describe("transportOptions", () => {
  it("sends without credentials on smtp:// as the server allows (STARTTLS when offered)", () => {
    expect(transportOptions("smtp://mail.example.com:2525")).toEqual({
      host: "mail.example.com",
      port: 2525,
      secure: false,
      ...TIMEOUTS,
    });
  });

  it("requires STARTTLS before it sends credentials on smtp:// (issue 16)", () => {
    expect(transportOptions("smtp://alerts:s3cret@mail.example.com:587")).toEqual({
      host: "mail.example.com",
      port: 587,
      secure: false,
      auth: { user: "alerts", pass: "s3cret" },
      requireTLS: true,
      ...TIMEOUTS,
    });
  });

  it("uses implicit TLS on smtps://", () => {
    expect(transportOptions("smtps://alerts:s3cret@mail.example.com:4465")).toMatchObject({
      port: 4465,
      secure: true,
      auth: { user: "alerts", pass: "s3cret" },
      requireTLS: true,
    });
  });

  it("defaults to port 587 for smtp:// and 465 for smtps://", () => {
    expect(transportOptions("smtp://mail.example.com").port).toBe(587);
    expect(transportOptions("smtps://mail.example.com").port).toBe(465);
  });

  it("decodes percent-encoded credentials", () => {
    const options = transportOptions("smtp://alerts%40example.com:p%40ss%3Aw%2Fo%25rd@mail.example.com");
    expect(options.auth).toEqual({ user: "alerts@example.com", pass: "p@ss:w/o%rd" });
    expect(options.requireTLS).toBe(true);
  });

  it("requires STARTTLS for a password without a user name too", () => {
    expect(transportOptions("smtp://:token@mail.example.com")).toMatchObject({
      auth: { user: "", pass: "token" },
      requireTLS: true,
    });
  });

  it("connects to an IPv6 literal without its brackets", () => {
    expect(transportOptions("smtp://[::1]:2525")).toMatchObject({ host: "::1", port: 2525 });
  });
});
