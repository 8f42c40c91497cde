import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { NewOrganizationForm } from "@/components/organizations/new-organization-form";
import { Card } from "@/components/ui/card";
import { createOrganizationAction } from "./actions";

export const metadata: Metadata = { title: "New organization" };

export default async function NewOrganizationPage() {
  const user = await requireUser();
  return (
    <main className="mx-auto max-w-lg px-4 py-16">
      <h1 className="text-2xl font-semibold tracking-tight">New organization</h1>
      <p className="mt-1 text-sm text-slate-600">
        You ({user.email}) become its admin and can invite others. Its first project is created with it.
      </p>
      <Card className="mt-6">
        <NewOrganizationForm create={createOrganizationAction} />
      </Card>
      <Link href="/" className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline">
        Cancel
      </Link>
    </main>
  );
}
