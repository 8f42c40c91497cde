import { afterEach, describe, expect, it } from "vitest";
import { mailConfigured, sendMail } from "@/lib/mail/send-mail";
import { startSmtpCapture } from "@/tests/support/smtp-capture";

// Real nodemailer against tests/support/smtp-capture.ts, a server that offers no STARTTLS.

let capture: Awaited<ReturnType<typeof startSmtpCapture>> | undefined;
afterEach(async () => {
  await capture?.close();
  capture = undefined;
});

const MAIL = { to: ["ada@acme.test", "max@acme.test"], subject: "Deltaport: hello", text: "One line.\nTwo." };

describe("sendMail", () => {
  it("delivers a message from MAIL_FROM to every recipient when no credentials are set", async () => {
    capture = await startSmtpCapture(0);
    await sendMail(MAIL, {
      SMTP_URL: `smtp://127.0.0.1:${capture.port}`,
      MAIL_FROM: "Deltaport <portal@acme.test>",
    });
    expect(capture.mails).toHaveLength(1);
    const [mail] = capture.mails;
    expect(mail).toMatchObject({ auth: null, from: "portal@acme.test", to: MAIL.to });
    const headers = mail!.data.split("\r\n\r\n")[0]!.split("\r\n");
    expect(headers).toContain("From: Deltaport <portal@acme.test>");
    expect(headers).toContain("To: ada@acme.test, max@acme.test");
    expect(headers).toContain("Subject: Deltaport: hello");
    expect(mail!.data).toContain("One line.\r\nTwo.");
  });

  it("never sends credentials to a server that cannot switch to TLS (issue 16)", async () => {
    capture = await startSmtpCapture(0);
    await expect(
      sendMail(MAIL, {
        SMTP_URL: `smtp://alerts:smtp-secret@127.0.0.1:${capture.port}`,
        MAIL_FROM: "portal@acme.test",
      }),
    ).rejects.toThrow(/STARTTLS/);
    // It asked for TLS, was refused, and stopped: no AUTH, no envelope, no message.
    expect(capture.commands.map((line) => line.split(" ")[0]!.toUpperCase())).toContain("STARTTLS");
    expect(capture.commands.filter((line) => /^(AUTH|MAIL|RCPT|DATA)\b/i.test(line))).toEqual([]);
    expect(capture.commands.join("\n")).not.toContain(
      Buffer.from("\0alerts\0smtp-secret").toString("base64"),
    );
    expect(capture.mails).toEqual([]);
  });

  it("keeps a subject's line breaks out of the headers", async () => {
    capture = await startSmtpCapture(0);
    await sendMail(
      { ...MAIL, subject: "Deltaport: x\r\nBcc: mallory@evil.test" },
      { SMTP_URL: `smtp://127.0.0.1:${capture.port}`, MAIL_FROM: "portal@acme.test" },
    );
    expect(capture.mails[0]!.to).toEqual(MAIL.to);
    expect(capture.mails[0]!.data).not.toMatch(/^Bcc:/im);
  });

  it("refuses to send when no SMTP server is configured", async () => {
    const unset = { SMTP_URL: undefined, MAIL_FROM: "portal@acme.test" };
    expect(mailConfigured(unset)).toBe(false);
    await expect(sendMail(MAIL, unset)).rejects.toThrow(/SMTP_URL/);
  });
});
