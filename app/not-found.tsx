import Link from "next/link";
import { MessagePage } from "@/components/ui/message-page";

export default function NotFound() {
  return (
    <MessagePage eyebrow="404" title="Page not found">
      <p className="mt-2 text-slate-600">This page does not exist, or you do not have access to it.</p>
      <Link href="/" className="mt-6 inline-block text-sm font-medium text-brand-700 hover:underline">
        Go to your projects
      </Link>
    </MessagePage>
  );
}
