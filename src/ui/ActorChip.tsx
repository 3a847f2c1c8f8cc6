import type { Actor } from '../journal/types';
import { ACTOR_DESCRIPTIONS, ACTOR_LABELS } from './format';

export function ActorChip({ actor }: { actor: Actor }) {
  return (
    <span className={`chip actor-chip actor-${actor}`} title={ACTOR_DESCRIPTIONS[actor]} data-actor={actor}>
      {ACTOR_LABELS[actor]}
    </span>
  );
}
