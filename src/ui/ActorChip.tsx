import type { Actor } from '../journal/types';
import { useChromeText } from './run-language';

export function ActorChip({ actor }: { actor: Actor }) {
  const text = useChromeText();
  return (
    <span className={`chip actor-chip actor-${actor}`} title={text.actorDescriptions[actor]} data-actor={actor}>
      {text.actors[actor]}
    </span>
  );
}
