import "server-only";
import { env } from "@/lib/env";
import { errorFields, log } from "@/lib/log";
import { mailConfigured, sendMail } from "@/lib/mail/send-mail";

// Alerts about the deployment itself (the export scheduler stopped), which no organization can
// fix: to the operator, on ALERT_WEBHOOK_URL (a Slack-compatible `text`) and OPERATOR_EMAIL.
// Alerts about a destination go to its organization (lib/alerts/alerts.ts).

export async function sendDeploymentAlert(subject: string, text: string): Promise<void> {
  const { ALERT_WEBHOOK_URL, OPERATOR_EMAIL } = env();
  const logger = log().child({ alert: "deployment" });
  logger.warn({ subject }, text);
  if (ALERT_WEBHOOK_URL) {
    await fetch(ALERT_WEBHOOK_URL, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Deltaport-Alerts" },
      body: JSON.stringify({ text: `${subject}: ${text}`, subject }),
      redirect: "manual",
      signal: AbortSignal.timeout(5000),
    }).catch((error: unknown) => logger.error(errorFields(error), "deployment alert webhook failed"));
  }
  if (OPERATOR_EMAIL && mailConfigured())
    await sendMail({ to: [OPERATOR_EMAIL], subject: `Deltaport: ${subject}`, text }).catch((error: unknown) =>
      logger.error(errorFields(error), "deployment alert e-mail failed"),
    );
}
