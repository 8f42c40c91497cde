import "server-only";
import net from "node:net";
import tls from "node:tls";

// A minimal SMTP client for alert e-mails (RFC 5321): EHLO, STARTTLS when offered (or
// implicit TLS with smtps://), AUTH PLAIN when credentials are given, one message.

export type Mail = { from: string; to: string[]; subject: string; text: string };

type Connection = { socket: net.Socket; read: () => Promise<{ code: number; lines: string[] }> };

function connection(socket: net.Socket): Connection {
  let buffer = "";
  const waiting: ((chunk: string) => void)[] = [];
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => {
    buffer += chunk;
    waiting.splice(0).forEach((wake) => wake(chunk));
  });
  const read = async () => {
    for (;;) {
      const lines = buffer.split("\r\n");
      const complete = lines.findIndex((line) => /^\d{3} /.test(line));
      if (complete >= 0) {
        const reply = lines.slice(0, complete + 1);
        buffer = lines.slice(complete + 1).join("\r\n");
        return { code: Number(reply.at(-1)!.slice(0, 3)), lines: reply };
      }
      await new Promise<string>((resolve, reject) => {
        waiting.push(resolve);
        socket.once("error", reject);
        socket.once("close", () => reject(new Error("SMTP connection closed")));
      });
    }
  };
  return { socket, read };
}

async function command(conn: Connection, line: string | null, expect: number[]): Promise<string[]> {
  if (line !== null) conn.socket.write(`${line}\r\n`);
  const reply = await conn.read();
  if (!expect.includes(reply.code))
    throw new Error(`SMTP ${line?.split(" ")[0] ?? "greeting"} answered ${reply.lines.join(" ")}`);
  return reply.lines;
}

const header = (value: string) => value.replace(/[\r\n]+/g, " ");

/** Sends one message through the server of `smtpUrl` (smtp://user:pass@host:port or smtps://…). */
export async function sendMail(smtpUrl: string, mail: Mail, timeoutMs = 10_000): Promise<void> {
  const url = new URL(smtpUrl);
  const implicitTls = url.protocol === "smtps:";
  const port = Number(url.port || (implicitTls ? 465 : 587));
  const socket = implicitTls
    ? tls.connect({ host: url.hostname, port, servername: url.hostname })
    : net.connect({ host: url.hostname, port });
  socket.setTimeout(timeoutMs, () => socket.destroy(new Error("SMTP server did not answer in time")));
  let conn = connection(socket);
  try {
    await command(conn, null, [220]);
    let capabilities = await command(conn, `EHLO deltaport`, [250]);
    if (!implicitTls && capabilities.some((line) => /STARTTLS/i.test(line))) {
      await command(conn, "STARTTLS", [220]);
      conn = connection(tls.connect({ socket, servername: url.hostname }));
      capabilities = await command(conn, `EHLO deltaport`, [250]);
    }
    if (url.username) {
      const token = Buffer.from(
        `\0${decodeURIComponent(url.username)}\0${decodeURIComponent(url.password)}`,
      ).toString("base64");
      await command(conn, `AUTH PLAIN ${token}`, [235]);
    }
    await command(conn, `MAIL FROM:<${mail.from}>`, [250]);
    for (const recipient of mail.to) await command(conn, `RCPT TO:<${recipient}>`, [250, 251]);
    await command(conn, "DATA", [354]);
    const body = mail.text.replace(/\r?\n/g, "\r\n").replace(/^\./gm, "..");
    conn.socket.write(
      `From: ${header(mail.from)}\r\nTo: ${mail.to.map(header).join(", ")}\r\nSubject: ${header(mail.subject)}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n.\r\n`,
    );
    await command(conn, null, [250]);
    await command(conn, "QUIT", [221]).catch(() => undefined);
  } finally {
    conn.socket.destroy();
  }
}
