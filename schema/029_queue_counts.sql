-- 029: the generation of what the staff queue's views count (issue 14).
-- The queue page shows a count per role view; each connection keeps them
-- between requests (queue.c "The counts") while this generation stays the
-- same. Every change of a case's column a view's condition reads raises it,
-- in the transaction of the change (insert, delete, and an update that
-- changes one of them), so a page never shows a count older than its list.
INSERT INTO data_versions (name, gen) VALUES ('queue', 1);

CREATE TRIGGER data_versions_cases_ins AFTER INSERT ON cases FOR EACH ROW
  UPDATE data_versions SET gen = gen + 1 WHERE name = 'queue';

CREATE TRIGGER data_versions_cases_del AFTER DELETE ON cases FOR EACH ROW
  UPDATE data_versions SET gen = gen + 1 WHERE name = 'queue';

CREATE TRIGGER data_versions_cases_upd AFTER UPDATE ON cases FOR EACH ROW
  UPDATE data_versions SET gen = gen + 1 WHERE name = 'queue'
    AND NOT (OLD.state <=> NEW.state AND OLD.type <=> NEW.type
             AND OLD.assignee_id <=> NEW.assignee_id
             AND OLD.awaiting_reply <=> NEW.awaiting_reply
             AND OLD.queue_closed <=> NEW.queue_closed AND OLD.queue_due <=> NEW.queue_due
             AND OLD.next_due <=> NEW.next_due AND OLD.next_due_start <=> NEW.next_due_start
             AND OLD.repair_mode <=> NEW.repair_mode);

-- The staff case page's reply templates (schema/024) are kept by each
-- connection the same way, while this generation stays the same.
INSERT INTO data_versions (name, gen) VALUES ('replies', 1);

CREATE TRIGGER data_versions_replies_ins AFTER INSERT ON reply_templates FOR EACH ROW
  UPDATE data_versions SET gen = gen + 1 WHERE name = 'replies';

CREATE TRIGGER data_versions_replies_upd AFTER UPDATE ON reply_templates FOR EACH ROW
  UPDATE data_versions SET gen = gen + 1 WHERE name = 'replies';

CREATE TRIGGER data_versions_replies_del AFTER DELETE ON reply_templates FOR EACH ROW
  UPDATE data_versions SET gen = gen + 1 WHERE name = 'replies';
