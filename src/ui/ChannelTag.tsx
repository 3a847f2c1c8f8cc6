import type { Channel } from '../journal/types';
import { CHANNEL_DESCRIPTIONS, CHANNEL_LABELS } from './format';

export function ChannelTag({ channel }: { channel: Channel }) {
  return (
    <span className={`channel-tag channel-${channel}`} title={CHANNEL_DESCRIPTIONS[channel]} data-channel={channel}>
      {CHANNEL_LABELS[channel]}
    </span>
  );
}
