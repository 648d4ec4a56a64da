import type { OrderPlaced } from './order-placed-event.ts';

/** Where OrderPlaced events go. A real deployment would put a broker (Kafka, SNS, ...) behind this. */
export interface EventPublisher {
  publish(event: OrderPlaced): Promise<void>;
}

/** Keeps events in memory: for tests, and for the message-pact provider verification. */
export class InMemoryEventPublisher implements EventPublisher {
  readonly published: OrderPlaced[] = [];

  publish(event: OrderPlaced): Promise<void> {
    this.published.push(event);
    return Promise.resolve();
  }
}

/** `npm start`: prints each event as one JSON line, so a demo can show what would be published. */
export class ConsoleEventPublisher implements EventPublisher {
  publish(event: OrderPlaced): Promise<void> {
    console.log(`OrderPlaced ${JSON.stringify(event)}`);
    return Promise.resolve();
  }
}
