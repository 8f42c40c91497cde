import type { Metadata } from "next";
import "@fontsource-variable/inter";
import "./globals.css";
import { Document } from "@/components/document";

export const metadata: Metadata = {
  title: { default: "Deltaport", template: "%s · Deltaport" },
  description: "Deliver product-analytics events into Databricks.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return <Document>{children}</Document>;
}
