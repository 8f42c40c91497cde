import Link from "next/link";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { NEW_ORGANIZATION_PATH } from "@/lib/paths";
import { homePath } from "@/lib/workspaces";
import { SignOutButton } from "@/components/sign-out-button";
import { MessagePage } from "@/components/ui/message-page";

export default async function HomePage() {
  const user = await requireUser();
  const path = await homePath(user.id);
  if (path) redirect(path);
  return (
    <MessagePage title="No project yet">
      <p className="mt-2 text-slate-600">
        You are signed in as {user.email}, but you are not a member of any organization with a project. Ask an
        admin of your organization to invite you, or start an organization of your own.
      </p>
      <div className="mt-6 flex items-center justify-center gap-4">
        <Link href={NEW_ORGANIZATION_PATH} className="text-sm font-medium text-brand-700 hover:underline">
          New organization
        </Link>
        <SignOutButton />
      </div>
    </MessagePage>
  );
}
