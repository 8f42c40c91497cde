-- User and group property state, kept at ingest so that every event carries the user's
-- properties and groups as of that event. State starts empty: rows stored before keep theirs.
CREATE TABLE "user_property_states" (
    "project_id" TEXT NOT NULL,
    "amplitude_id" BIGINT NOT NULL,
    "user_properties" JSONB NOT NULL DEFAULT '{}',
    "groups" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "user_property_states_pkey" PRIMARY KEY ("project_id","amplitude_id")
);

CREATE TABLE "group_property_states" (
    "project_id" TEXT NOT NULL,
    "group_type" TEXT NOT NULL,
    "group_name" TEXT NOT NULL,
    "group_properties" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "group_property_states_pkey" PRIMARY KEY ("project_id","group_type","group_name")
);
