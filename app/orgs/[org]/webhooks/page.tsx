import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { findOrganizationAccess } from "@/lib/auth/access";
import { can, whyNot } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { formatTime } from "@/lib/format";
import { listWebhooks } from "@/lib/organizations/webhooks";
import { listWorkspaces } from "@/lib/workspaces";
import { AppHeader } from "@/components/app-header";
import { WebhookForm } from "@/components/organizations/webhook-form";
import { CardSection } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { DataTable } from "@/components/ui/data-table";
import { addWebhookAction, deleteWebhookAction, testWebhookAction } from "./actions";

export const metadata: Metadata = { title: "Alert webhooks" };

type Props = { params: Promise<{ org: string }> };

export default async function WebhooksPage({ params }: Props) {
  const { org } = await params;
  const user = await requireUser();
  const access = await findOrganizationAccess(user.id, org);
  if (!access) notFound();
  const scope = { org: access.organization.slug };
  const manageReason = can(access.role, "webhooks.manage") ? undefined : whyNot("webhooks.manage");
  const [workspaces, webhooks] = await Promise.all([
    listWorkspaces(user.id),
    manageReason ? Promise.resolve([]) : listWebhooks(access.organization.id),
  ]);
  return (
    <>
      <AppHeader
        workspaces={workspaces}
        user={access.user}
        current={{ orgSlug: access.organization.slug, orgName: access.organization.name, role: access.role }}
      />
      <main className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <h1 className="text-2xl font-semibold tracking-tight">
          Alert webhooks of {access.organization.name}
        </h1>
        <p className="max-w-3xl text-sm text-slate-600">
          When a destination starts failing or lagging, and when it recovers, Deltaport POSTs a JSON message
          to each webhook: Slack-compatible (<code>text</code>), with the alert and destination beside it, and
          signed in the <code>Deltaport-Signature</code> header (
          <code>t=&lt;unix time&gt;,v1=&lt;HMAC-SHA256 of &quot;t.body&quot;&gt;</code>, keyed by the
          webhook&apos;s secret). A delivery that fails is retried after 1 minute, 5 minutes, 30 minutes, 2
          hours and 6 hours. Alerts are also e-mailed to the organization&apos;s admins and the
          destination&apos;s creator.
        </p>
        <CardSection
          id="webhooks-heading"
          title="Webhooks"
          level={2}
          titleClassName="text-lg"
          className="space-y-3"
        >
          {manageReason ? (
            <p className="text-sm text-slate-600">{manageReason}</p>
          ) : (
            <DataTable
              variant="plain"
              rows={webhooks}
              rowKey={(webhook) => webhook.id}
              empty="No webhook yet: alerts are shown on destination pages and e-mailed."
              columns={[
                {
                  header: "URL",
                  cell: (webhook) => <span className="font-mono text-xs break-all">{webhook.url}</span>,
                },
                { header: "Added", cell: (webhook) => formatTime(webhook.createdAt) },
                {
                  header: "Last message",
                  cell: (webhook) =>
                    webhook.last
                      ? `${webhook.last.event}: ${webhook.last.deliveredAt ? "delivered" : (webhook.last.status ?? "pending")}`
                      : "—",
                },
                {
                  header: "",
                  cell: (webhook) => (
                    <div className="flex gap-2">
                      <ConfirmButton
                        label="Send test"
                        action={testWebhookAction.bind(null, scope, { webhookId: webhook.id })}
                      />
                      <ConfirmButton
                        label="Delete"
                        variant="danger"
                        confirm={`Delete the webhook ${webhook.url}? Alerts stop going there.`}
                        action={deleteWebhookAction.bind(null, scope, { webhookId: webhook.id })}
                      />
                    </div>
                  ),
                },
              ]}
            />
          )}
        </CardSection>
        <CardSection id="add-webhook-heading" title="Add webhook" level={2} titleClassName="text-lg">
          <WebhookForm add={addWebhookAction.bind(null, scope)} disabledReason={manageReason} />
        </CardSection>
      </main>
    </>
  );
}
