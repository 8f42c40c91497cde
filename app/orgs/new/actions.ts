"use server";

import { accountAction } from "@/lib/actions/project-action";
import { throttleForm } from "@/lib/auth/request-throttle";
import { createOrganization } from "@/lib/organizations/create-organization";
import { NewOrganizationInput } from "@/lib/organizations/organization-input";
import { projectPath } from "@/lib/paths";

/**
 * Creates an organization with the caller as its admin, and its first project (any signed-in
 * user); the form then goes to the project. Nothing is revalidated: no page shows the
 * organization yet, and the project's pages are rendered on the way there.
 */
export const createOrganizationAction = accountAction({
  input: NewOrganizationInput,
  async run(input, { user }) {
    // An organization's admin can invite (mail) anyone: new ones are bounded per person.
    await throttleForm("organization", user.id);
    const { organization, project } = await createOrganization({ userId: user.id, ...input });
    return {
      ok: true,
      message: "Organization created.",
      data: { path: projectPath(organization.slug, project.slug) },
    };
  },
});
