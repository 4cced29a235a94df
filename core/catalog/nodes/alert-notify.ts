import { alertNotifyInputSchema, alertNotifyResultSchema } from '../../contracts/chanlun';
import { defineNodeType } from '../node-type';

export const alertNotify = defineNodeType({
  type: 'alert.notify',
  version: 1,
  title: 'Alert',
  category: 'Notify',
  description:
    "Records an alert for each scan match — for the graph's owner and for every active alert subscription the match fits — delivered to GET /api/alerts and its event stream. Each point alerts each recipient once, however often the scan runs.",
  kind: 'activity',
  activity: 'notifyAlerts',
  params: alertNotifyInputSchema,
  outputs: { out: alertNotifyResultSchema },
  defaults: { timeout: '1m', retry: { maximumAttempts: 5, initialInterval: '1s', backoffCoefficient: 2, nonRetryableErrorTypes: ['InvalidParams'] } },
});
