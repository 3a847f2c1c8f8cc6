import type { Channel } from '../journal/types';
import { useChromeText } from './run-language';

export function ChannelTag({ channel }: { channel: Channel }) {
  const text = useChromeText();
  return (
    <span className={`channel-tag channel-${channel}`} title={text.channelDescriptions[channel]} data-channel={channel}>
      {text.channels[channel]}
    </span>
  );
}
