DROP TABLE memberships;
DROP TABLE projects;
DROP TYPE membership_role;
