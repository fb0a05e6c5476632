'use strict';
/**
 * Haven's email provider for Strapi's email plugin.
 * - With `smtp` options: sends through nodemailer's SMTP transport.
 * - Otherwise: renders each message to RFC 822 with nodemailer's stream transport and writes it
 *   as an `.eml` file in `outboxDir`, so a bare machine needs no mail server.
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const nodemailer = require('nodemailer');

function pickMessage(options, settings) {
  const { from, to, cc, bcc, replyTo, subject, text, html, attachments, headers } = options;
  return {
    from: from || settings.defaultFrom,
    replyTo: replyTo || settings.defaultReplyTo,
    to, cc, bcc, subject, text, html, attachments, headers,
  };
}

module.exports = {
  init(providerOptions = {}, settings = {}) {
    if (providerOptions.smtp) {
      const transport = nodemailer.createTransport(providerOptions.smtp);
      return {
        async send(options) {
          await transport.sendMail(pickMessage(options, settings));
        },
      };
    }

    const outboxDir = providerOptions.outboxDir || path.resolve('data', 'outbox');
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    let announced = false;
    return {
      async send(options) {
        const info = await transport.sendMail(pickMessage(options, settings));
        await fs.promises.mkdir(outboxDir, { recursive: true });
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        const file = path.join(outboxDir, `${stamp}-${crypto.randomBytes(4).toString('hex')}.eml`);
        await fs.promises.writeFile(file, info.message);
        if (!announced && global.strapi) {
          global.strapi.log.info(`[email] no SMTP_HOST set: messages are written to ${outboxDir}`);
          announced = true;
        }
      },
    };
  },
};
