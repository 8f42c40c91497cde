import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { env, type Env } from "@/lib/env";

// Every e-mail the portal sends (alerts, backfill notices, invitations, password resets) leaves
// through here: one nodemailer transport built from SMTP_URL, from MAIL_FROM.

export type Mail = { to: string[]; subject: string; text: string };
type MailSettings = Pick<Env, "SMTP_URL" | "MAIL_FROM">;

// A server that does not answer must not hold up an export run or a request for long.
const TIMEOUT_MS = 10_000;

/** Nodemailer's SMTP options for smtp://user:pass@host:port (STARTTLS) or smtps://… (implicit TLS). */
export function transportOptions(smtpUrl: string): SMTPTransport.Options {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"), // an IPv6 literal without its brackets
    port: Number(url.port || (secure ? 465 : 587)),
    secure,
    // Credentials never cross a plain connection: on smtp:// the server must accept STARTTLS,
    // else nodemailer gives up before AUTH. Without this it would send them in the clear to a
    // server (or a man in the middle) that does not offer STARTTLS (issue 16).
    ...(user || pass ? { auth: { user, pass }, requireTLS: true } : {}),
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  };
}

let cached: { smtpUrl: string; transport: Transporter<SMTPTransport.SentMessageInfo> } | undefined;

function transportFor(smtpUrl: string) {
  if (cached?.smtpUrl !== smtpUrl) {
    cached?.transport.close();
    cached = { smtpUrl, transport: nodemailer.createTransport(transportOptions(smtpUrl)) };
  }
  return cached.transport;
}

/** Whether e-mail can be sent at all (SMTP_URL is set). */
export function mailConfigured(settings: MailSettings = env()): boolean {
  return Boolean(settings.SMTP_URL);
}

/** Sends one plain-text message from MAIL_FROM; rejects when it was not accepted, or mail is not configured. */
export async function sendMail(mail: Mail, settings: MailSettings = env()): Promise<void> {
  if (!settings.SMTP_URL) throw new Error("E-mail is not configured: SMTP_URL is not set");
  await transportFor(settings.SMTP_URL).sendMail({
    from: settings.MAIL_FROM,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
  });
}
