-- One row: the identity of this installation, shared by every server replica.
CREATE TABLE installation (
    singleton  INTEGER     NOT NULL PRIMARY KEY CHECK (singleton = 1),
    id         VARCHAR(36) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
