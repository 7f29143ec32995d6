import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'outbox' })
export class OutboxEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'event_id', type: 'uuid', unique: true }) eventId!: string;
  @Column({ name: 'division_id', type: 'text' }) divisionId!: string;
  @Column({ name: 'event_type', type: 'text' }) eventType!: string;
  @Column({ name: 'schema_version', type: 'integer' }) schemaVersion!: number;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt!: Date;
  @Column({ type: 'text' }) payload!: string;
  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` }) headers!: Record<string, string>;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt!: Date | null;
}
