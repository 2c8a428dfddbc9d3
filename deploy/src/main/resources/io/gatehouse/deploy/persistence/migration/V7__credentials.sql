-- Workload identities: a federated credential acts as a user of its own, never a person.
-- Its name is '<project>/<credential>', which no person's name can be ('/' is not allowed
-- in user names), so user names and the columns that copy them grow to 200 characters.
ALTER TABLE users ADD COLUMN workload BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ALTER COLUMN name SET DATA TYPE VARCHAR(200);
ALTER TABLE deployments ALTER COLUMN requester SET DATA TYPE VARCHAR(200);
ALTER TABLE deployment_events ALTER COLUMN actor SET DATA TYPE VARCHAR(200);

-- The API token that requested a deployment: the deployment's job. Only that token receives
-- the deployment's OIDC token, secrets and variables.
ALTER TABLE deployments ADD COLUMN job_token_id BIGINT;

-- A value sealed with the master key when the database was created (and re-wrapped by each
-- master key rotation): a server started with a key that cannot open it refuses to start.
CREATE TABLE master_key_check (
    singleton  INTEGER NOT NULL PRIMARY KEY CHECK (singleton = 1),
    sealed     TEXT    NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
