import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { homePath } from "@/lib/workspaces";
import { SignOutButton } from "@/components/sign-out-button";

export default async function HomePage() {
  const user = await requireUser();
  const path = await homePath(user.id);
  if (path) redirect(path);
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <h1 className="text-xl font-semibold">No project yet</h1>
      <p className="mt-2 text-slate-600">
        You are signed in as {user.email}, but you are not a member of any organization with a project. Ask an
        admin of your organization to invite you.
      </p>
      <div className="mt-6 flex justify-center">
        <SignOutButton />
      </div>
    </main>
  );
}
