/** Configuration of the chat plugin, read from the environment at start. */
export interface ChatConfig {
  video: 'webrtc' | 'twilio';
  realtime: 'single-process' | 'redis';
}

export default {
  default: ({ env }: { env: (key: string, fallback?: string) => string }): ChatConfig => ({
    video: env('TWILIO_ACCOUNT_SID', '') && env('TWILIO_API_KEY_SID', '') ? 'twilio' : 'webrtc',
    realtime: env('REDIS_URL', '') ? 'redis' : 'single-process',
  }),
  validator(config: ChatConfig) {
    if (!['webrtc', 'twilio'].includes(config.video)) throw new Error('chat.video must be webrtc or twilio');
  },
};
