import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'matches' })
export class MatchEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'division_id', type: 'text' }) divisionId!: string;
  @Column({ name: 'red_athlete_id', type: 'text' }) redAthleteId!: string;
  @Column({ name: 'blue_athlete_id', type: 'text' }) blueAthleteId!: string;
  @Column({ name: 'scheduled_at', type: 'timestamptz', nullable: true }) scheduledAt!: Date | null;
  @Column({ name: 'created_event_id', type: 'uuid' }) createdEventId!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
