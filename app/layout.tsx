import type { Metadata } from "next";
import "@fontsource-variable/inter";
import "./globals.css";
import { Document } from "@/components/document";

// Every page is rendered per request: its scripts carry that request's CSP nonce (proxy.ts).
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Deltaport", template: "%s · Deltaport" },
  description: "Deliver product-analytics events into Databricks.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return <Document>{children}</Document>;
}
