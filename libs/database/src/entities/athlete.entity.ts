import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'athletes' })
export class AthleteEntity {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ name: 'division_id', type: 'text' }) divisionId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'weight_class', type: 'text' }) weightClass!: string;
  @Column({ type: 'char', length: 2 }) country!: string;
  @Column({ type: 'integer', default: 1 }) revision!: number;
  @Column({ name: 'created_event_id', type: 'uuid' }) createdEventId!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
