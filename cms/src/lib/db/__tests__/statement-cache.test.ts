import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cacheStatements, statementCacheSize } from '../statement-cache';

describe('prepared statements kept per SQLite connection', () => {
  const open = (max: number) => {
    const db = cacheStatements(new Database(':memory:'), max);
    db.prepare('create table notes (id integer primary key, body text)').run();
    return db;
  };

  it('hands back the same statement for the same SQL, and it runs with new bindings each time', () => {
    const db = open(10);
    const insert = db.prepare('insert into notes (body) values (?)');
    expect(db.prepare('insert into notes (body) values (?)')).toBe(insert);
    insert.run('one');
    db.prepare('insert into notes (body) values (?)').run('two');
    const read = db.prepare('select body from notes where id = ?');
    expect(db.prepare('select body from notes where id = ?')).toBe(read);
    expect(read.all(1)).toEqual([{ body: 'one' }]);
    expect(db.prepare('select body from notes where id = ?').all(2)).toEqual([{ body: 'two' }]);
  });

  it('keeps no DDL, and a kept read sees a column added after it was prepared', () => {
    const db = open(10);
    expect(db.prepare('create table other (id integer)')).not.toBe(db.prepare('create table other (id integer)'));
    db.prepare('insert into notes (body) values (?)').run('x');
    const all = db.prepare('select * from notes');
    expect(all.all()).toEqual([{ id: 1, body: 'x' }]);
    db.prepare('alter table notes add column mood integer').run();
    expect(db.prepare('select * from notes').all()).toEqual([{ id: 1, body: 'x', mood: null }]);
  });

  it('drops the least recently used statement beyond its size, and 0 switches it off', () => {
    const db = open(2);
    const a = db.prepare('select 1');
    const b = db.prepare('select 2');
    expect(db.prepare('select 1')).toBe(a); // a is now the most recent
    db.prepare('select 3'); // b goes
    expect(db.prepare('select 1')).toBe(a);
    expect(db.prepare('select 2')).not.toBe(b);
    const off = cacheStatements(new Database(':memory:'), 0);
    expect(off.prepare('select 1')).not.toBe(off.prepare('select 1'));
  });

  it('reads SQLITE_STATEMENT_CACHE strictly', () => {
    expect(statementCacheSize('500')).toBe(500);
    expect(statementCacheSize('0')).toBe(0);
    for (const bad of ['-1', '1.5', 'lots', '', '100001']) expect(() => statementCacheSize(bad)).toThrow(/SQLITE_STATEMENT_CACHE/);
  });
});
