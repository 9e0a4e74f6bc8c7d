using Router.Gateway.Hosting;

return await RouterNode.RunAsync(args);
