"use server";

import { z } from "zod";
import { publicAction } from "@/lib/actions/project-action";
import { NewPassword, PersonName } from "@/lib/auth/password-rules";
import { throttleForm } from "@/lib/auth/request-throttle";
import { NewOrganizationInput } from "@/lib/organizations/organization-input";
import { completeSetup } from "@/lib/setup/complete-setup";

/** First-run setup: the first admin, their organization and its first project. */
export const completeSetupAction = publicAction({
  input: NewOrganizationInput.extend({
    token: z.string().trim().min(1, "Enter the setup token.").max(200),
    name: PersonName,
    email: z.string().trim().toLowerCase().email("Enter an e-mail address.").max(320),
    password: NewPassword,
  }),
  async run(input) {
    await throttleForm("setup");
    return { ok: true, data: await completeSetup(input) };
  },
});
