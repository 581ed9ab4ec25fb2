/**
 * SSM Parameter Store on the wire, for the real `@aws-sdk/client-ssm` client (through the
 * Powertools parameters utility) to talk to: the JSON 1.1 protocol's `AmazonSSM.GetParameter`
 * (AWS API reference: POST /, `X-Amz-Target: AmazonSSM.GetParameter`, body `{"Name",
 * "WithDecryption"}`, answer `{"Parameter": {…}}`; errors as `{"__type", "message"}` with HTTP
 * 400). A SecureString read without decryption answers its ciphertext, as SSM does. Signatures
 * are not checked; every request is recorded.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readRequestText } from '../../src/dev/http-body';

export interface SsmRequest {
  target: string;
  name?: string;
  withDecryption?: boolean;
  /** Whether the request was signed (SigV4 Authorization header). */
  signed: boolean;
}

export interface SsmStandIn {
  /** http://127.0.0.1:port, for AWS_ENDPOINT_URL_SSM or the client's `endpoint`. */
  endpoint: string;
  requests: SsmRequest[];
  /** Creates or overwrites a parameter (a new version), as `aws ssm put-parameter --overwrite`. */
  put(name: string, value: string, type?: 'String' | 'SecureString'): void;
  /** While on, every request answers 500 InternalServerError, as during an outage. */
  failing(on: boolean): void;
  stop(): Promise<void>;
}

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

interface Stored {
  value: string;
  type: 'String' | 'SecureString';
  version: number;
  modified: number;
}

export async function startSsmStandIn(): Promise<SsmStandIn> {
  const parameters = new Map<string, Stored>();
  const requests: SsmRequest[] = [];
  let down = false;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const body = JSON.parse((await readRequestText(req)) || '{}') as { Name?: string; WithDecryption?: boolean };
      requests.push({ target, name: body.Name, withDecryption: body.WithDecryption, signed: typeof req.headers.authorization === 'string' });
      const send = (status: number, payload: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `ssm-${requests.length}` }).end(JSON.stringify(payload));
      };
      if (down) {
        send(500, { __type: 'InternalServerError', message: 'the stand-in plays an outage' });
        return;
      }
      if (req.method !== 'POST' || target !== 'AmazonSSM.GetParameter') {
        send(400, { __type: 'UnknownOperationException', message: `${target} is not played by this stand-in` });
        return;
      }
      const stored = body.Name === undefined ? undefined : parameters.get(body.Name);
      if (body.Name === undefined || stored === undefined) {
        send(400, { __type: 'ParameterNotFound', message: `Parameter ${body.Name ?? ''} not found.` });
        return;
      }
      const encrypted = stored.type === 'SecureString' && body.WithDecryption !== true;
      send(200, {
        Parameter: {
          Name: body.Name,
          Type: stored.type,
          Value: encrypted ? Buffer.from(`kms-ciphertext:${stored.version}`).toString('base64') : stored.value,
          Version: stored.version,
          LastModifiedDate: stored.modified,
          ARN: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${body.Name}`,
          DataType: 'text',
        },
      });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    put(name, value, type = 'SecureString') {
      const version = (parameters.get(name)?.version ?? 0) + 1;
      parameters.set(name, { value, type, version, modified: Date.now() / 1000 });
    },
    failing(on) {
      down = on;
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
