COMMENT ON COLUMN variants.weight IS NULL;
COMMENT ON COLUMN experiments.deleted_at IS NULL;
COMMENT ON TABLE experiments IS NULL;
ALTER INDEX experiments_project_id_status_idx RENAME TO experiments_project_id_state_idx;
ALTER TABLE experiments RENAME COLUMN status TO state;
ALTER TABLE experiments DROP COLUMN deleted_at;
ALTER TABLE projects DROP COLUMN deleted_at;
ALTER TABLE users ALTER COLUMN email TYPE VARCHAR(255);
ALTER TABLE users RENAME COLUMN display_name TO name;
ALTER TABLE users DROP COLUMN deleted_at;

-- Enum values cannot be removed in PostgreSQL: rebuild each type without the value the up added.
-- Lossy: rows holding a removed value move to the nearest remaining one.
UPDATE experiments SET state = 'running' WHERE state = 'paused';
ALTER TYPE experiment_status RENAME TO experiment_status_old;
CREATE TYPE experiment_status AS ENUM ('draft', 'running', 'completed', 'archived');
ALTER TABLE experiments ALTER COLUMN state DROP DEFAULT;
ALTER TABLE experiments ALTER COLUMN state TYPE experiment_status USING state::text::experiment_status;
ALTER TABLE experiments ALTER COLUMN state SET DEFAULT 'draft';
DROP TYPE experiment_status_old;

UPDATE memberships SET role = 'member' WHERE role = 'admin';
ALTER TYPE membership_role RENAME TO membership_role_old;
CREATE TYPE membership_role AS ENUM ('owner', 'member', 'viewer');
ALTER TABLE memberships ALTER COLUMN role DROP DEFAULT;
ALTER TABLE memberships ALTER COLUMN role TYPE membership_role USING role::text::membership_role;
ALTER TABLE memberships ALTER COLUMN role SET DEFAULT 'member';
DROP TYPE membership_role_old;
