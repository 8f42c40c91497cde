import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { needsSetup } from "@/lib/setup/first-run";
import { setupToken } from "@/lib/setup/setup-token";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { MessagePage } from "@/components/ui/message-page";
import { completeSetupAction } from "./actions";

export const metadata: Metadata = { title: "Set up Deltaport" };

type Props = { searchParams: Promise<{ token?: string }> };

// First-run setup: only while the deployment has no user; afterwards this page does not exist.
export default async function SetupPage({ searchParams }: Props) {
  if (!(await needsSetup())) notFound();
  if (!setupToken())
    return (
      <MessagePage title="Set SETUP_TOKEN to set up Deltaport">
        <p className="mt-2 text-slate-600">
          This deployment has no user yet. So that no stranger can claim it, setup asks for a token: set
          SETUP_TOKEN (at least 16 random characters, e.g. openssl rand -base64 24) in its environment,
          redeploy, and open this page again.
        </p>
      </MessagePage>
    );
  const { token } = await searchParams;
  return (
    <MessagePage title="Set up Deltaport">
      <p className="mt-2 text-slate-600">
        Create the first admin account, your organization and its first project. You can invite your team
        next.
      </p>
      <Card padding="xl" className="mt-6">
        <ActionForm
          fields={[
            {
              name: "token",
              label: "Setup token",
              initial: typeof token === "string" ? token : "",
              hint: "SETUP_TOKEN from the deployment's environment.",
            },
            { name: "name", label: "Your name", autoComplete: "name" },
            { name: "email", label: "Email", type: "email", autoComplete: "username" },
            {
              name: "password",
              label: "Password",
              type: "password",
              autoComplete: "new-password",
              hint: "At least 10 characters.",
            },
            { name: "organizationName", label: "Organization name" },
            { name: "projectName", label: "First project name" },
          ]}
          submitLabel="Create admin account"
          pendingLabel="Setting up…"
          action={async (values) => {
            "use server";
            return completeSetupAction(values);
          }}
          after={{ signInWith: "password" }}
        />
      </Card>
    </MessagePage>
  );
}
