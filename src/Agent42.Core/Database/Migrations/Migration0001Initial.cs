namespace Agent42.Core.Database.Migrations;

/// <summary>The outcome log and the task queue, as the shared store contract lays them out.</summary>
internal static class Migration0001Initial
{
    public static DatabaseMigration Migration { get; } = new(1, "outcome log and task queue", """
        CREATE TABLE agent42_outcomes (
          id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          recorded_at timestamptz NOT NULL,
          task_type   text NOT NULL,
          model_key   text NOT NULL,
          line        text NOT NULL
        );
        CREATE TABLE agent42_tasks (
          seq         bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
          id          text PRIMARY KEY,
          type        text NOT NULL,
          description text NOT NULL,
          status      text NOT NULL,
          parent_id   text NULL,
          created_at  timestamptz NOT NULL,
          updated_at  timestamptz NOT NULL,
          result      text NULL,
          error       text NULL,
          lease_owner text NULL,
          lease_until timestamptz NULL,
          attempts    int NOT NULL DEFAULT 0
        );
        CREATE INDEX agent42_tasks_ready ON agent42_tasks (status, seq);
        """);
}
