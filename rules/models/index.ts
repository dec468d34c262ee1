/** Every built-in taint model, one file per framework or library. The caller hands them to the taint engine. */
import type { TaintModel } from "../../src/taint/model-types.js";
import { aiohttp } from "./aiohttp.js";
import { bottle } from "./bottle.js";
import { cli } from "./cli.js";
import { dbapi } from "./dbapi.js";
import { django } from "./django.js";
import { falcon } from "./falcon.js";
import { fastapi } from "./fastapi.js";
import { flask } from "./flask.js";
import { hashing } from "./hashing.js";
import { httpClients } from "./http-clients.js";
import { jinja2 } from "./jinja2.js";
import { ldap } from "./ldap.js";
import { litestar } from "./litestar.js";
import { lxml } from "./lxml.js";
import { mappings } from "./mappings.js";
import { pandas } from "./pandas.js";
import { pyramid } from "./pyramid.js";
import { quart } from "./quart.js";
import { sanic } from "./sanic.js";
import { sqlalchemy } from "./sqlalchemy.js";
import { stdlib } from "./stdlib.js";
import { tornado } from "./tornado.js";
import { urls } from "./urls.js";

export const MODELS: readonly TaintModel[] = [aiohttp, bottle, cli, dbapi, django, falcon, fastapi, flask, hashing, httpClients, jinja2, ldap, litestar, lxml, mappings, pandas, pyramid, quart, sanic, sqlalchemy, stdlib, tornado, urls];
