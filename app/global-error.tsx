"use client";

import "@fontsource-variable/inter";
import "./globals.css";
import { Document } from "@/components/document";
import { ErrorNotice } from "@/components/error-notice";

// Replaces the root layout when that fails, so it brings its own document and styles.
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <Document>
      <title>Something went wrong · Deltaport</title>
      <ErrorNotice error={error} retry={retry} />
    </Document>
  );
}
