import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'match_results' })
export class MatchResultEntity {
  @PrimaryColumn({ name: 'match_id', type: 'uuid' }) matchId!: string;
  @Column({ name: 'winner_id', type: 'text', nullable: true }) winnerId!: string | null;
  @Column({ type: 'text' }) method!: string;
  @Column({ name: 'completed_at', type: 'timestamptz' }) completedAt!: Date;
  @Column({ type: 'integer', default: 1 }) revision!: number;
  @Column({ name: 'recorded_event_id', type: 'uuid' }) recordedEventId!: string;
  @Column({ name: 'last_event_id', type: 'uuid' }) lastEventId!: string;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
