package io.gatehouse.deploy.persistence;

/** The databases the control plane runs on. */
public enum DatabaseKind {
  /** Embedded H2 file database: the default for a single process. */
  H2,
  /** PostgreSQL: production, shared by several replicas. */
  POSTGRESQL
}
