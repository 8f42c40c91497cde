// A local SMTP server for tests: speaks enough of RFC 5321 (EHLO, AUTH PLAIN, MAIL, RCPT,
// DATA) to receive Deltaport's e-mails, and keeps them with every command it was sent. It offers
// no STARTTLS (and refuses it), like a server or a man in the middle that would see credentials
// in the clear.
import net from "node:net";

export type CapturedMail = { auth: string | null; from: string; to: string[]; data: string };

/** Listens on `port` (0: any free port, see the returned `port`). */
export async function startSmtpCapture(port: number): Promise<{
  port: number;
  mails: CapturedMail[];
  commands: string[];
  close: () => Promise<void>;
}> {
  const mails: CapturedMail[] = [];
  const commands: string[] = [];
  const server = net.createServer((socket) => {
    let buffer = "";
    let mail: CapturedMail = { auth: null, from: "", to: [], data: "" };
    let inData = false;
    socket.write("220 capture ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          mail.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          mails.push(mail);
          mail = { auth: mail.auth, from: "", to: [], data: "" };
          socket.write("250 queued\r\n");
          continue;
        }
        const newline = buffer.indexOf("\r\n");
        if (newline < 0) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        commands.push(line);
        const verb = line.split(" ")[0]!.toUpperCase();
        if (verb === "EHLO") {
          socket.write("250-capture\r\n250 AUTH PLAIN\r\n");
        } else if (verb === "AUTH") {
          mail.auth = Buffer.from(line.split(" ")[2] ?? "", "base64").toString("utf8");
          socket.write("235 ok\r\n");
        } else if (verb === "MAIL") {
          mail.from = line.replace(/^MAIL FROM:<(.*)>$/i, "$1");
          socket.write("250 ok\r\n");
        } else if (verb === "RCPT") {
          mail.to.push(line.replace(/^RCPT TO:<(.*)>$/i, "$1"));
          socket.write("250 ok\r\n");
        } else if (verb === "DATA") {
          inData = true;
          socket.write("354 go\r\n");
        } else if (verb === "QUIT") {
          socket.end("221 bye\r\n");
        } else {
          socket.write("502 unknown\r\n");
        }
      }
    });
    socket.on("error", () => socket.destroy()); // a client that hangs up mid-reply
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    mails,
    commands,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
