"""team mode: sign-off, assignments, blind ratings; on PostgreSQL the rules the server enforces

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 09:00:00

Every backend:
- verdicts.written_by (last author of the rating or rationale), approved_by and approved_at (who made it final);
- assignments (claim group -> login) for review queues; ratings (one independent rating per group and rater:
  blind double rating).

PostgreSQL only (a team library): functions and triggers, so that a login of the team groups cw_reviewer and
cw_editor (made by `claim-workbench team init`) cannot get around the rules with raw SQL:
- the author columns are that login (session_user), whatever the client sends;
- only an editor makes a verdict final or changes a final one; with two-person sign-off (setting
  two_person_signoff = on) the approving editor is not the last author of its rating or rationale;
- verdict revisions are append-only, and a revision is only written for the verdict's current version;
- reviewers see only their own blind ratings (row-level security); sign-off and blind settings are the owner's;
- every change to the library is announced on the channel claim_workbench (LISTEN/NOTIFY) for live updates.
Logins outside the team groups (the owner, an administrator) are trusted: the app records the names it is given.
Grants are not made here: roles are server-wide, so `team init` makes them and grants per table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

REFUSED = "CW403"  # SQLSTATE of a refused team action; the app shows its message as is

FUNCTIONS = [
    # The caller's team role: 'editor', 'reviewer', or NULL (not in the team: owner, administrator, superuser).
    """
    CREATE OR REPLACE FUNCTION cw_team_role() RETURNS text LANGUAGE sql STABLE AS $$
        SELECT CASE
            WHEN (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN NULL
            WHEN EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = 'cw_editor'
                         AND pg_has_role(session_user, r.oid, 'MEMBER')) THEN 'editor'
            WHEN EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = 'cw_reviewer'
                         AND pg_has_role(session_user, r.oid, 'MEMBER')) THEN 'reviewer'
        END
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION cw_setting(wanted text, fallback text) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT coalesce((SELECT value FROM settings WHERE key = wanted), fallback)
    $$
    """,
    # Author columns (TG_ARGV[0]) are the login for team members.
    """
    CREATE OR REPLACE FUNCTION cw_stamp_author() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF cw_team_role() IS NOT NULL THEN
            NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], session_user::text));
        END IF;
        RETURN NEW;
    END $$
    """,
    # ...and stay whoever they were when the row changes later.
    """
    CREATE OR REPLACE FUNCTION cw_keep_author() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF cw_team_role() IS NOT NULL THEN
            NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], to_jsonb(OLD) -> TG_ARGV[0]));
        END IF;
        RETURN NEW;
    END $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION cw_verdict_rules() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        role text := cw_team_role();
        who text := session_user::text;
        signoff boolean := cw_setting('two_person_signoff', 'off') = 'on';
        was_final boolean := TG_OP = 'UPDATE' AND OLD.status = 'final';
        finding_changed boolean := TG_OP = 'INSERT'
            OR NEW.rationale IS DISTINCT FROM OLD.rationale OR NEW.rating_key IS DISTINCT FROM OLD.rating_key;
    BEGIN
        IF role IS NULL THEN
            RETURN NEW;
        END IF;
        IF TG_OP = 'INSERT' THEN
            NEW.reviewer := who;
        ELSIF NEW.reviewer IS DISTINCT FROM OLD.reviewer THEN
            NEW.reviewer := who;  -- one can name oneself the reviewer, nobody else
        END IF;
        IF finding_changed THEN
            NEW.written_by := who;
        ELSE
            NEW.written_by := OLD.written_by;
        END IF;
        IF was_final AND role <> 'editor' THEN
            RAISE EXCEPTION USING ERRCODE = '{REFUSED}', MESSAGE = 'only an editor can change a final verdict';
        END IF;
        IF NEW.status = 'final' AND NOT was_final THEN
            IF role <> 'editor' THEN
                RAISE EXCEPTION USING ERRCODE = '{REFUSED}', MESSAGE = 'only an editor can make a verdict final';
            END IF;
            IF signoff AND NEW.written_by = who THEN
                RAISE EXCEPTION USING ERRCODE = '{REFUSED}', MESSAGE = format(
                    'two-person sign-off: %s wrote this verdict, so another editor must make it final', who);
            END IF;
            NEW.approved_by := who;
            NEW.approved_at := now() AT TIME ZONE 'utc';
        ELSIF NEW.status = 'final' THEN
            IF signoff AND finding_changed THEN
                RAISE EXCEPTION USING ERRCODE = '{REFUSED}', MESSAGE =
                    'two-person sign-off: the rating and rationale of a final verdict cannot change; '
                    'set it back to review first';
            END IF;
            NEW.approved_by := OLD.approved_by;
            NEW.approved_at := OLD.approved_at;
        ELSE
            NEW.approved_by := NULL;
            NEW.approved_at := NULL;
        END IF;
        RETURN NEW;
    END $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION cw_evidence_rules() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        role text := cw_team_role();
    BEGIN
        IF role = 'reviewer' AND EXISTS (
            SELECT 1 FROM verdicts v WHERE v.status = 'final'
            AND v.id IN (CASE WHEN TG_OP = 'DELETE' THEN OLD.verdict_id ELSE NEW.verdict_id END,
                         CASE WHEN TG_OP = 'UPDATE' THEN OLD.verdict_id END)) THEN
            RAISE EXCEPTION USING ERRCODE = '{REFUSED}', MESSAGE = 'only an editor can change a final verdict';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION cw_revision_rules() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF cw_team_role() IS NULL THEN
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        IF TG_OP <> 'INSERT' THEN
            RAISE EXCEPTION USING ERRCODE = '{REFUSED}',
                MESSAGE = 'the verdict history is append-only: revisions cannot be changed or deleted';
        END IF;
        IF NEW.version IS DISTINCT FROM (SELECT version FROM verdicts WHERE id = NEW.verdict_id) THEN
            RAISE EXCEPTION USING ERRCODE = '{REFUSED}',
                MESSAGE = 'a verdict revision can only be recorded for the verdict''s current version';
        END IF;
        NEW.changed_by := session_user::text;
        RETURN NEW;
    END $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION cw_settings_rules() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        changed text := CASE WHEN TG_OP = 'DELETE' THEN OLD.key ELSE NEW.key END;
    BEGIN
        IF cw_team_role() IS NOT NULL AND (changed IN ('two_person_signoff', 'team_mode')
                OR (TG_OP = 'UPDATE' AND OLD.key IN ('two_person_signoff', 'team_mode'))) THEN
            RAISE EXCEPTION USING ERRCODE = '{REFUSED}',
                MESSAGE = format('only the library owner can change the setting %s', changed);
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END $$
    """,
    # Claims linked into another group: that group's queue entries and blind ratings move along (run as the
    # owner, since reviewers neither see others' ratings nor change assignments); only an emptied group's move.
    f"""
    CREATE OR REPLACE FUNCTION cw_merge_group_data(merged integer, kept integer) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM claims WHERE group_id = merged) THEN
            RAISE EXCEPTION USING ERRCODE = '{REFUSED}',
                MESSAGE = format('group %s still holds claims: its assignments and ratings stay', merged);
        END IF;
        UPDATE assignments a SET group_id = kept WHERE a.group_id = merged
            AND NOT EXISTS (SELECT 1 FROM assignments b WHERE b.group_id = kept AND b.login = a.login);
        UPDATE ratings a SET group_id = kept WHERE a.group_id = merged
            AND NOT EXISTS (SELECT 1 FROM ratings b WHERE b.group_id = kept AND b.rater = a.rater);
    END $$
    """,
    "REVOKE ALL ON FUNCTION cw_merge_group_data(integer, integer) FROM PUBLIC",
    # A rating keeps its rater: an update changes the rating, never whose it is.
    """
    CREATE OR REPLACE FUNCTION cw_keep_rater() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.rater := OLD.rater;
        RETURN NEW;
    END $$
    """,
    # Live updates: one notification per changed row, naming the ids a window shows. Payloads without row
    # ids (suggestions: per claim) collapse within a transaction, so a batch sends few.
    """
    CREATE OR REPLACE FUNCTION cw_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        r record := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        o record := CASE WHEN TG_OP = 'INSERT' THEN NEW ELSE OLD END;
        body jsonb := jsonb_build_object('t', TG_TABLE_NAME, 'by', session_user::text,
                                         'o', current_setting('application_name', true));
    BEGIN
        CASE TG_TABLE_NAME
            WHEN 'articles' THEN body := body || jsonb_build_object('a', r.id);
            WHEN 'claim_groups' THEN body := body || jsonb_build_object('g', r.id);
            WHEN 'claims' THEN body := body || jsonb_build_object(
                'c', r.id, 'a', r.article_id, 'g', jsonb_build_array(r.group_id, o.group_id));
            WHEN 'suggestions' THEN body := body || jsonb_build_object('c', r.claim_id);
            WHEN 'settings' THEN body := body || jsonb_build_object('k', r.key);
            ELSE body := body || jsonb_build_object('g', r.group_id);
        END CASE;
        PERFORM pg_notify('claim_workbench', body::text);
        RETURN NULL;
    END $$
    """,
]

TRIGGERS = [
    "CREATE TRIGGER cw_claims_author BEFORE INSERT ON claims FOR EACH ROW EXECUTE FUNCTION cw_stamp_author('created_by')",
    "CREATE TRIGGER cw_claims_keep_author BEFORE UPDATE ON claims FOR EACH ROW "
    "EXECUTE FUNCTION cw_keep_author('created_by')",
    "CREATE TRIGGER cw_suggestions_author BEFORE UPDATE ON suggestions FOR EACH ROW "
    "WHEN (NEW.decided_by IS NOT NULL) EXECUTE FUNCTION cw_stamp_author('decided_by')",
    "CREATE TRIGGER cw_assignments_author BEFORE INSERT ON assignments FOR EACH ROW "
    "EXECUTE FUNCTION cw_stamp_author('assigned_by')",
    "CREATE TRIGGER cw_ratings_author BEFORE INSERT ON ratings FOR EACH ROW EXECUTE FUNCTION cw_stamp_author('rater')",
    "CREATE TRIGGER cw_ratings_rater BEFORE UPDATE ON ratings FOR EACH ROW EXECUTE FUNCTION cw_keep_rater()",
    "CREATE TRIGGER cw_verdicts_rules BEFORE INSERT OR UPDATE ON verdicts FOR EACH ROW "
    "EXECUTE FUNCTION cw_verdict_rules()",
    "CREATE TRIGGER cw_evidence_rules BEFORE INSERT OR UPDATE OR DELETE ON evidence FOR EACH ROW "
    "EXECUTE FUNCTION cw_evidence_rules()",
    "CREATE TRIGGER cw_revisions_rules BEFORE INSERT OR UPDATE OR DELETE ON verdict_revisions FOR EACH ROW "
    "EXECUTE FUNCTION cw_revision_rules()",
    "CREATE TRIGGER cw_settings_rules BEFORE INSERT OR UPDATE OR DELETE ON settings FOR EACH ROW "
    "EXECUTE FUNCTION cw_settings_rules()",
    # Reviewers see and write only their own blind ratings; editors see all (table owners are not bound).
    "ALTER TABLE ratings ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY cw_ratings_blind ON ratings USING (rater = session_user OR cw_team_role() = 'editor') "
    "WITH CHECK (rater = session_user OR cw_team_role() = 'editor')",
]
NOTIFIED = ("articles", "claim_groups", "claims", "suggestions", "verdicts", "assignments", "ratings", "settings")


def upgrade() -> None:
    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("written_by", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("approved_by", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("approved_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE verdicts SET written_by = reviewer")
    op.create_table(
        "assignments",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=200), nullable=False),
        sa.Column("assigned_by", sa.String(length=200), nullable=True),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["claim_groups.id"], name=op.f("fk_assignments_group_id_claim_groups"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("group_id", "login", name=op.f("pk_assignments")),
    )
    op.create_index("ix_assignments_login", "assignments", ["login"], unique=False)
    op.create_table(
        "ratings",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("rater", sa.String(length=200), nullable=False),
        sa.Column("rating_key", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("rated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["claim_groups.id"], name=op.f("fk_ratings_group_id_claim_groups"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["rating_key"], ["rating_scale.key"], name=op.f("fk_ratings_rating_key_rating_scale")),
        sa.PrimaryKeyConstraint("group_id", "rater", name=op.f("pk_ratings")),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in FUNCTIONS + TRIGGERS:
        op.execute(statement)
    for table in NOTIFIED:
        op.execute(f"CREATE TRIGGER cw_{table}_notify AFTER INSERT OR UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION cw_notify()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in NOTIFIED:
            op.execute(f"DROP TRIGGER IF EXISTS cw_{table}_notify ON {table}")
        for name, table in (("cw_claims_author", "claims"), ("cw_claims_keep_author", "claims"),
                            ("cw_suggestions_author", "suggestions"),
                            ("cw_assignments_author", "assignments"), ("cw_ratings_author", "ratings"),
                            ("cw_ratings_rater", "ratings"),
                            ("cw_verdicts_rules", "verdicts"), ("cw_evidence_rules", "evidence"),
                            ("cw_revisions_rules", "verdict_revisions"), ("cw_settings_rules", "settings")):
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS cw_merge_group_data(integer, integer)")
        for function in ("cw_notify", "cw_keep_rater", "cw_keep_author", "cw_settings_rules", "cw_revision_rules", "cw_evidence_rules",
                         "cw_verdict_rules", "cw_stamp_author", "cw_setting", "cw_team_role"):
            op.execute(f"DROP FUNCTION IF EXISTS {function}() CASCADE")
        op.execute("DROP FUNCTION IF EXISTS cw_setting(text, text)")
    op.drop_table("ratings")
    op.drop_index("ix_assignments_login", table_name="assignments")
    op.drop_table("assignments")
    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.drop_column("approved_at")
        batch_op.drop_column("approved_by")
        batch_op.drop_column("written_by")
